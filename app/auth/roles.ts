/** Staff roles, each able to do everything the one before it can. Candidates have no role: they never sign in. */
export const ROLES = ["recruiter", "verifier", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const roleLabels: Record<Role, string> = {
  recruiter: "Recruiter (search, candidates, shortlists)",
  verifier: "Verifier (a recruiter's pages, plus the review queue and re-checks)",
  admin: "Admin (everything, plus users, trust registry, aliases and API keys)",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` may open what `minimum` may: roles are ordered recruiter < verifier < admin. */
export function canAccess(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}
