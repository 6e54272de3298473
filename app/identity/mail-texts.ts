import type { ReceiptItem } from "#app/ingest/receipt";

/** The mails a candidate receives, as plain text (no HTML: nothing to render, nothing to track). */

export function confirmationMail(input: {
  name: string;
  receipt: ReceiptItem[];
  confirmUrl: string;
  withdrawUrl: string | null;
  expiresInDays: number;
}): { subject: string; body: string } {
  const lines = input.receipt.map(
    (item) => `- ${item.headline}${item.reasons.length ? ` (${item.reasons.join(" ")})` : ""} [${item.source}]`,
  );
  return {
    subject: "Confirm your email to finish your submission to Attest",
    body: [
      `Hello ${input.name},`,
      "",
      "Attest received credentials submitted with this email address. Until you confirm that this address is yours,",
      'they are kept apart from anything else held under it, and recruiters see them marked "email not confirmed".',
      "",
      `Confirm (the link works once, for ${input.expiresInDays} days):`,
      input.confirmUrl,
      "",
      "Your receipt:",
      ...lines,
      "",
      ...(input.withdrawUrl
        ? ["To withdraw this submission and delete what it stored, open:", input.withdrawUrl, ""]
        : []),
      "If you did not submit anything, ignore this mail: nothing submitted by someone else joins your record unless",
      "this address is confirmed.",
    ].join("\n"),
  };
}

export function eraseAllMail(input: { eraseUrl: string; expiresInHours: number }): { subject: string; body: string } {
  return {
    subject: "Confirm: erase everything Attest holds about you",
    body: [
      "Someone (we hope you) asked Attest to erase everything it holds under this email address: your details,",
      "every credential and the skills they prove, search included.",
      "",
      `To erase it all, open this link (it works once, for ${input.expiresInHours} hours) and confirm:`,
      input.eraseUrl,
      "",
      "If you did not ask for this, ignore this mail: nothing is erased unless the link is followed.",
    ].join("\n"),
  };
}
