/**
 * Formats a number exactly as Python's `str(float)` does (`1.0`, `0.0625`, `1e-05`, `1.5e+16`,
 * `nan`, `inf`, `-inf`), which is how MLflow writes metric values into a file store.
 */
export function formatPythonFloat(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Number.POSITIVE_INFINITY) return "inf";
  if (value === Number.NEGATIVE_INFINITY) return "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const [mantissa, exponentText] = value.toExponential().split("e") as [string, string];
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 16) return fixedFromExponential(value, mantissa, exponent);
  const sign = exponent < 0 ? "-" : "+";
  const digits = String(Math.abs(exponent)).padStart(2, "0");
  return `${mantissa}e${sign}${digits}`;
}

/** Fixed notation from the shortest round-trip digits, for exponents in [-4, 16). */
function fixedFromExponential(value: number, mantissa: string, exponent: number): string {
  const negative = value < 0;
  const digits = mantissa.replace("-", "").replace(".", "");
  let text: string;
  if (exponent < 0) {
    text = `0.${"0".repeat(-exponent - 1)}${digits}`;
  } else if (digits.length > exponent + 1) {
    text = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  } else {
    text = `${digits}${"0".repeat(exponent + 1 - digits.length)}.0`;
  }
  return negative ? `-${text}` : text;
}
