/**
 * The ClusterConfig JSON Schema (draft-07), the one source of truth: `schema/cluster-config.schema.json`
 * is this object written out (a unit test keeps the two equal). Defaults are documented with `default`
 * and applied by `applyClusterConfigDefaults`; custom `format`s are registered in cluster-config-validate.ts.
 */
const ipv4 = { type: 'string', format: 'ipv4' } as const;
const cidr = { type: 'string', format: 'cidr' } as const;
const port = { type: 'integer', minimum: 1, maximum: 65535 } as const;

export const CLUSTER_CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://kite.dev/schema/cluster-config.schema.json',
  title: 'Kite ClusterConfig',
  description: 'One file describes a Kite cluster: `kite config new` writes it, `kite config check` tests it, `kite deploy` applies it.',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'machines'],
  properties: {
    apiVersion: { const: 'kite.dev/v1alpha1' },
    kind: { const: 'ClusterConfig' },
    clusterName: { type: 'string', format: 'dns-label', maxLength: 40, default: 'kite', description: 'Names the kubeconfig context `kite-<clusterName>`.' },
    deploymentType: { enum: ['SingleMachine', 'Scalable'], default: 'SingleMachine', description: 'SingleMachine: one machine, control plane and workloads. Scalable: machines can join later.' },
    dataDir: { type: 'string', format: 'abs-path', default: '/var/lib/kite', description: 'State directory (store, PKI, containerd, pod logs, kubeconfig).' },
    clusterCidr: { ...cidr, default: '10.42.0.0/16', description: 'Pod addresses; each node gets a /24.' },
    serviceCidr: { ...cidr, default: '10.43.0.0/16', description: 'ClusterIP addresses.' },
    clusterDns: { ...ipv4, description: 'Cluster DNS Service IP. Default: the 10th address of serviceCidr.' },
    clusterDomain: { type: 'string', format: 'dns-domain', default: 'cluster.local' },
    datastore: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        type: { enum: ['sqlite', 'etcd'], default: 'sqlite', description: 'sqlite: embedded store (single control plane). etcd: HA datastore.' },
        sqliteSynchronous: { enum: ['FULL', 'NORMAL'], default: 'FULL', description: 'FULL survives power loss; NORMAL is faster.' },
      },
    },
    network: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        nodeAddress: { ...ipv4, description: 'This machine\'s address (InternalIP). Default: the address of the default route\'s interface.' },
        nodeSubnet: { ...cidr, description: 'The node network; machine addresses and loadBalancerRange must lie inside it.' },
        controlPlaneEndpoint: { type: 'string', format: 'host-port', description: 'host:port other machines and kubeconfigs use. Default: nodeAddress:apiServerPort.' },
        apiServerPort: { ...port, default: 6443 },
        bindAddress: { ...ipv4, default: '0.0.0.0', description: 'Address the API server listens on.' },
        kubeletPort: { ...port, default: 10250, description: 'Port of the node agent\'s kubelet API (logs, exec, stats).' },
        serviceNodePortRange: { type: 'string', format: 'port-range', default: '30000-32767' },
        loadBalancerRange: {
          type: 'object',
          additionalProperties: false,
          required: ['start', 'size'],
          description: 'IPs for Services of type LoadBalancer. Default: LoadBalancers use the node address.',
          properties: { start: ipv4, size: { type: 'integer', minimum: 1, maximum: 65536 } },
        },
        proxy: {
          type: 'object',
          additionalProperties: false,
          description: 'Outbound HTTP proxy for image pulls (set as HTTP_PROXY/HTTPS_PROXY/NO_PROXY for Kite and containerd).',
          properties: { httpProxy: { type: 'string', format: 'url' }, httpsProxy: { type: 'string', format: 'url' }, noProxy: { type: 'string' } },
        },
        dnsServers: { type: 'array', maxItems: 3, items: { type: 'string', format: 'ip-port' }, description: 'Upstream resolvers for names outside the cluster. Default: /etc/resolv.conf.' },
        disable: { type: 'array', uniqueItems: true, items: { enum: ['service-proxy', 'dns', 'servicelb'] }, default: [] },
      },
    },
    machines: {
      type: 'array',
      minItems: 1,
      description: 'The machines of the cluster and their static allocation (what Kite may use of each).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'cpuCount', 'memoryMB'],
        properties: {
          name: { type: 'string', format: 'dns-subdomain', maxLength: 63, description: 'Node name.' },
          address: { ...ipv4, description: 'Default: network.nodeAddress (SingleMachine).' },
          controlPlane: { type: 'boolean', description: 'Default: true for the machine of a SingleMachine deployment, else false.' },
          cpuCount: { type: 'integer', minimum: 1, maximum: 1024 },
          memoryMB: { type: 'integer', minimum: 256, maximum: 16777216 },
          dataSizeGB: { type: 'integer', minimum: 1, maximum: 1048576, default: 10 },
          logSizeGB: { type: 'integer', minimum: 1, maximum: 1024, default: 1, description: 'Kite\'s own log files are rotated to stay below this.' },
        },
      },
    },
    images: { type: 'array', items: { type: 'string', format: 'abs-path' }, default: [], description: 'OCI/docker image archives copied into DATA_DIR/images at deploy (air-gapped machines).' },
    hub: {
      type: 'object',
      additionalProperties: false,
      description: 'Fleet hub connection (placeholder; not used yet).',
      properties: { url: { type: 'string', format: 'url' }, token: { type: 'string' } },
    },
  },
} as const;
