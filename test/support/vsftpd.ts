import type { RequiredInput } from './required-input.js';

/**
 * The real vsftpd that `eval "$(bash .ci/ftp/start-vsftpd.sh)"` starts, as
 * the environment names it (the interop test and the crash test).
 */
export const vsftpd = {
  host: process.env['P2L_VSFTPD_HOST'] ?? '127.0.0.1',
  port: process.env['P2L_VSFTPD_PORT'],
  user: process.env['P2L_VSFTPD_USER'],
  password: process.env['P2L_VSFTPD_PASSWORD'],
  caFile: process.env['P2L_VSFTPD_CA_FILE'],
  /** The login folder on this machine, for tests that look at the server's files directly. */
  home: process.env['P2L_VSFTPD_HOME'],
};

/** The server as an input a test needs, its login folder on this machine included. */
export const vsftpdInput: RequiredInput = {
  name: 'a vsftpd server (P2L_VSFTPD_PORT, _USER, _PASSWORD, _CA_FILE and _HOME)',
  present: [vsftpd.port, vsftpd.user, vsftpd.password, vsftpd.caFile, vsftpd.home].every((value) => value !== undefined && value !== ''),
  fix: 'start one with: eval "$(bash .ci/ftp/start-vsftpd.sh)"',
};
