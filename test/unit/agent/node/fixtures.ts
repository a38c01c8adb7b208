import type { HostInfo } from '../../../../src/agent/node/index.js';

export const HOST: HostInfo = {
  hostname: 'edge-1', internalIP: '10.0.0.5', kernelVersion: '6.1.0-18-amd64', osImage: 'Debian GNU/Linux 12 (bookworm)',
  machineID: 'abc123', systemUUID: 'uuid-1', bootID: 'boot-1', architecture: 'amd64', operatingSystem: 'linux',
};
