import { createMemoryStore } from '../../../src/store/index.js';
import { describeStoreContract } from './contract.js';

describeStoreContract('memory store', async (o) => {
  const s = createMemoryStore(o);
  return Object.assign(s, { [Symbol.asyncDispose]: () => s.close() });
});
