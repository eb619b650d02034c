import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A tiny CA with openssl: key and self-signed certificate, and leaf certificates it signs. */
export class CertificateAuthority {
  readonly #dir: string;
  readonly #name: string;
  constructor(dir: string, name: string) {
    this.#dir = dir;
    this.#name = name;
    this.#openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', this.#path('key'), '-out', this.#path('crt'), '-days', '2', '-subj', `/CN=${name}`]);
  }

  get cert(): string {
    return readFileSync(this.#path('crt'), 'utf8');
  }

  get certPath(): string {
    return this.#path('crt');
  }

  /** A leaf for `cn` with these SANs: PEM certificate and PKCS#8 key. */
  issue(cn: string, sans: readonly string[] = []): { cert: string; key: string } {
    const base = join(this.#dir, `${this.#name}-${cn}-${randomBytes(4).toString('hex')}`);
    this.#openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${base}.raw.key`, '-out', `${base}.csr`, '-subj', `/CN=${cn}`]);
    writeFileSync(`${base}.ext`, sans.length > 0 ? `subjectAltName=${sans.join(',')}\n` : 'basicConstraints=CA:FALSE\n');
    this.#openssl(['x509', '-req', '-in', `${base}.csr`, '-CA', this.#path('crt'), '-CAkey', this.#path('key'), '-CAcreateserial', '-out', `${base}.crt`, '-days', '2', '-extfile', `${base}.ext`]);
    this.#openssl(['pkcs8', '-topk8', '-nocrypt', '-in', `${base}.raw.key`, '-out', `${base}.key`]);
    return { cert: readFileSync(`${base}.crt`, 'utf8'), key: readFileSync(`${base}.key`, 'utf8') };
  }

  #path(ext: string): string {
    return join(this.#dir, `${this.#name}.${ext}`);
  }

  #openssl(args: string[]): void {
    execFileSync('openssl', args, { stdio: 'pipe' });
  }
}
