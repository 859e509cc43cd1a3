import { IqfError } from "@iqf/core";

/** No experiment of that name exists in the tracking store. */
export class ExperimentNotFound extends IqfError {
  /**
   * @param experimentName - the experiment name that was looked up.
   * @param trackingUri - the store that was searched (without credentials).
   */
  constructor(
    readonly experimentName: string,
    readonly trackingUri: string,
  ) {
    super(
      "EXPERIMENT_NOT_FOUND",
      `No experiment named "${experimentName}" in ${trackingUri}; check the name or pass the right --tracking-uri`,
    );
  }
}

/** The task's executable cannot be found or run. */
export class CommandNotFound extends IqfError {
  /**
   * @param command - the executable as configured.
   * @param detail - where it was looked for and how to fix it.
   */
  constructor(
    readonly command: string,
    detail: string,
  ) {
    super("COMMAND_NOT_FOUND", `Task command "${command}" cannot be run: ${detail}`);
  }
}
