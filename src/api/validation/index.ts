export { dns1123Label, dns1123Subdomain, dns1035Label, qualifiedName, labelValue, cIdentifier, configMapKey } from './names.js';
