// Loaded by cli.ts for every command, so it imports nothing.
const insecureSwitch = 'NODE_TLS_REJECT_UNAUTHORIZED';

/**
 * Takes Node's process-wide switch for skipping certificate checks out of
 * the environment, so that no TLS connection of this process or its
 * children honours it (an operator's shell or container may set it without
 * anyone noticing: Node's own warning is gone under NODE_NO_WARNINGS=1).
 * The line to print when it asked for checks to be skipped, else undefined.
 */
export function dropInsecureSwitch(environment: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = environment[insecureSwitch];
  if (value === undefined) return undefined;
  Reflect.deleteProperty(environment, insecureSwitch);
  return value === '0'
    ? `${insecureSwitch}=0 is ignored: TLS certificates are always verified; for an internal CA, set exporters.plan2learn.mo_ca_file (MO, LoRa, Keycloak) or exporters.plan2learn.ca_file (FTPES)`
    : undefined;
}
