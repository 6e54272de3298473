import { describe, expect, it } from "vitest";
import { pageKind } from "./page-kind";

describe("the kind of page the accessibility check has seen", () => {
  it("is one kind for two records on the same route", () => {
    expect(pageKind("/candidates/cand_4f2a?back=%2Fsearch%3Fq%3Dpython")).toBe(
      pageKind("/candidates/cand_9b1c?back=%2Fsearch"),
    );
    expect(pageKind("/submit/Qm9vbGVhbnMgYXJlIGZ1biB0b2tlbg")).toBe("/submit/:id");
    expect(pageKind("/review/cred_1/report")).toBe("/review/:id/report");
  });

  it("tells routes apart, and pages whose filters differ", () => {
    expect(pageKind("/search")).not.toBe(pageKind("/search?skills=python"));
    expect(pageKind("/search?skills=python&not=java")).toBe(pageKind("/search?not=sql&skills=go&skills=rust"));
    expect(pageKind("/shortlists")).not.toBe(pageKind("/shortlists/sl_1"));
    expect(pageKind("/admin/users")).toBe("/admin/users");
  });
});
