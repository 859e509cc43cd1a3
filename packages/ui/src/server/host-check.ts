import { hostname, networkInterfaces } from "node:os";

/** Whether `host` is a loopback name or address (`127.0.0.1`, `::1`, `localhost`). */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

function withPort(name: string, port: number): string {
  return `${name.includes(":") ? `[${name}]` : name}:${port}`.toLowerCase();
}

/**
 * The `Host` header values the server accepts (DNS-rebinding protection): the bound name with
 * its port; for a loopback binding also `localhost`, `127.0.0.1` and `[::1]`; for a wildcard
 * binding (`0.0.0.0`, `::`) this machine's host name and interface addresses.
 */
export function allowedHostHeaders(host: string, port: number): Set<string> {
  const names = new Set([host]);
  if (isLoopback(host)) for (const name of ["localhost", "127.0.0.1", "::1"]) names.add(name);
  if (host === "0.0.0.0" || host === "::") {
    names.add(hostname());
    names.add("localhost");
    for (const addresses of Object.values(networkInterfaces()))
      for (const address of addresses ?? []) names.add(address.address);
  }
  return new Set([...names].map((name) => withPort(name, port)));
}
