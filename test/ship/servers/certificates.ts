import { generate } from 'selfsigned';

export interface KeyAndCertificate {
  key: string;
  cert: string;
}

export interface TestCertificates {
  /** The private CA the settings trust through ca_file. */
  ca: KeyAndCertificate;
  /** Issued by `ca` for 127.0.0.1 and localhost. */
  server: KeyAndCertificate;
  /** Issued by `ca`, but for another host name only. */
  wrongName: KeyAndCertificate;
  /** A CA that issued none of these. */
  otherCa: KeyAndCertificate;
}

/** A private CA and server certificates, made fresh for each test run (EC keys: fast). */
export async function makeTestCertificates(): Promise<TestCertificates> {
  const ca = await makeCa('p2l test CA');
  const otherCa = await makeCa('some other CA');
  return {
    ca,
    otherCa,
    server: await makeServerCertificate(ca, [
      { type: 2, value: 'localhost' },
      { type: 7, ip: '127.0.0.1' },
    ]),
    wrongName: await makeServerCertificate(ca, [{ type: 2, value: 'ftp.elsewhere.example' }]),
  };
}

async function makeCa(name: string): Promise<KeyAndCertificate> {
  const pems = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

async function makeServerCertificate(ca: KeyAndCertificate, altNames: { type: 2 | 7; value?: string; ip?: string }[]): Promise<KeyAndCertificate> {
  const pems = await generate([{ name: 'commonName', value: altNames[0]?.value ?? 'server' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
