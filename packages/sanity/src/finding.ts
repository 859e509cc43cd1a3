import type { SanityCode } from "./codes.js";
import type { FixAction, SanityProblem } from "./report.js";

/** A problem found by a pure check, before it is tied to a file and an entry. */
export interface Finding {
  /** Stable code. */
  readonly code: SanityCode;
  /** Human-readable explanation. */
  readonly message: string;
  /** The fix for it. */
  readonly action: FixAction;
  /** Details of the fix. */
  readonly detail?: string;
  /** Closest iquaflow code. */
  readonly legacyCode?: string;
}

/** Where a finding belongs in the report. */
export type FindingContext = Omit<SanityProblem, "code" | "message" | "fix" | "legacyCode">;

/** Turns a finding into a report entry; `applied` tells whether a sanitized copy is written. */
export function toProblem(finding: Finding, context: FindingContext, applied: boolean): SanityProblem {
  return {
    code: finding.code,
    ...context,
    message: finding.message,
    ...(finding.legacyCode ? { legacyCode: finding.legacyCode } : {}),
    fix: {
      action: finding.action,
      ...(finding.detail ? { detail: finding.detail } : {}),
      applied: applied && finding.action !== "none",
    },
  };
}
