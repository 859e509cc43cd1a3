/** AWS accounts hosting the Deep Learning Containers outside the common one (763104351884). */
const regionAccounts: Readonly<Record<string, string>> = {
  "af-south-1": "626614931356",
  "ap-east-1": "871362719292",
  "ap-south-2": "772153158452",
  "ap-southeast-3": "907027046896",
  "ap-southeast-4": "457447274322",
  "ca-west-1": "204538143572",
  "eu-central-2": "380420809688",
  "eu-south-1": "692866216735",
  "eu-south-2": "503227376785",
  "il-central-1": "780543022126",
  "me-central-1": "914824155844",
  "me-south-1": "217643126080",
};

const commonAccount = "763104351884";

/**
 * URI of the SageMaker Deep Learning Container for a framework, as the SageMaker Python SDK
 * resolves `PyTorch(framework_version=…, py_version=…)`:
 * `<account>.dkr.ecr.<region>.amazonaws.com/<framework>-training:<version>-<cpu|gpu>-<py>`.
 * GPU images are chosen for `ml.p*`, `ml.g*` instance families.
 */
export function frameworkImageUri(
  framework: "pytorch" | "tensorflow",
  frameworkVersion: string,
  pyVersion: string,
  region: string,
  instanceType: string,
): string {
  const family = instanceType.split(".")[1] ?? "";
  const device = /^(p|g)\d/.test(family) ? "gpu" : "cpu";
  const account = regionAccounts[region] ?? commonAccount;
  const domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `${account}.dkr.ecr.${region}.${domain}/${framework}-training:${frameworkVersion}-${device}-${pyVersion}`;
}
