/** A parameter value as recorded for datasets and runs. */
export type ParamValue = string | number | boolean;

/** A flat set of named parameter values. */
export type Params = Readonly<Record<string, ParamValue>>;
