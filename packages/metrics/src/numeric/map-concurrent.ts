export { defaultConcurrency } from "@iqf/core";
