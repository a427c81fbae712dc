/**
 * HTTPS material for the backend. Office only loads add-ins over HTTPS, so local runs use
 * Microsoft's office-addin-dev-certs. If the OS refuses to trust its CA (no sudo, no
 * update-ca-certificates), we still serve with the generated certificate and say how to trust it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
  ca?: Buffer;
  /** Where the material came from, for the start-up summary. */
  source: string;
}

export interface TlsFiles {
  keyFile: string;
  certFile: string;
}

export async function loadTls(files: TlsFiles | undefined, warn: (message: string) => void): Promise<TlsMaterial> {
  if (files) {
    return { key: fs.readFileSync(files.keyFile), cert: fs.readFileSync(files.certFile), source: files.certFile };
  }
  const devCerts = await import("office-addin-dev-certs");
  try {
    const options = await devCerts.getHttpsServerOptions();
    return { ...options, source: "office-addin-dev-certs (trusted development CA)" };
  } catch (error) {
    // Installing the CA into the OS store failed; the certificates themselves can still be made.
    await devCerts.generateCertificates();
    warn(
      `The development certificate could not be added to this machine's trusted store (${(error as Error).message.split("\n")[0]}). ` +
        `HTTPS still works, but browsers and Office will warn until you trust it: run "npx office-addin-dev-certs install" ` +
        `(as an administrator), or import ~/.office-addin-dev-certs/ca.crt into your trusted root certificates.`,
    );
    const dir = path.join(os.homedir(), ".office-addin-dev-certs");
    return {
      key: fs.readFileSync(path.join(dir, "localhost.key")),
      cert: fs.readFileSync(path.join(dir, "localhost.crt")),
      ca: fs.readFileSync(path.join(dir, "ca.crt")),
      source: "office-addin-dev-certs (untrusted development CA)",
    };
  }
}
