/**
 * Removal of everything the proxy put on the host: its jump rules, its chains (by name pattern, so a
 * crashed run's leftovers go too) and the LoadBalancer IPs it added. Used on shutdown and by `kite remove`.
 */
import type { Logger } from 'pino';
import { createIptables, type Iptables } from './iptables.js';
import { createLbAddressKeeper, type LbAddressKeeper } from './lb-addresses.js';
import { cleanupText } from './restore.js';

export async function cleanupHost(ipt: Iptables, lb: LbAddressKeeper): Promise<void> {
  await ipt.restore(cleanupText(await ipt.read()));
  await lb.cleanup();
}

/** For `kite remove` (no proxy running): `stateDir` as given to startServiceProxy. */
export async function cleanupServiceProxy(o: { stateDir: string; log: Logger; iptables?: Iptables }): Promise<void> {
  await cleanupHost(o.iptables ?? createIptables(), createLbAddressKeeper({ stateDir: o.stateDir, log: o.log }));
}
