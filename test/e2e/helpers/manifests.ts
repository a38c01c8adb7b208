/** Small manifests used by several e2e scenarios. */
export function deployment(name: string, o: { image?: string; replicas?: number; extra?: string } = {}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: ${o.replicas ?? 2}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: nginx
        image: ${o.image ?? 'nginx:1.25'}
        ports: [{containerPort: 80}]
        env: [{name: A, value: "1"}, {name: B, value: "2"}]
      - name: side
        image: busybox:1.36
${o.extra ?? ''}`;
}

export function pod(name: string, o: { labels?: Record<string, string>; nodeName?: string; ns?: string } = {}): string {
  const labels = Object.entries(o.labels ?? { app: name }).map(([k, v]) => `${k}: "${v}"`).join(', ');
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  ${o.ns ? `namespace: ${o.ns}` : ''}
  labels: {${labels}}
spec:
  ${o.nodeName ? `nodeName: ${o.nodeName}` : ''}
  containers:
  - name: main
    image: busybox:1.36
    command: ["sleep", "3600"]
`;
}

/**
 * A one-container busybox Deployment (the httpd workloads of the agent, network and install scenarios):
 * `container` holds the container's lines after `image:` (command, probes, resources), indented 8 spaces.
 */
export function busyboxDeployment(o: { name?: string; image: string; replicas?: number; container: string }): string {
  const name = o.name ?? 'web';
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${o.replicas ?? 1}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: httpd
        image: ${o.image}
${o.container.replace(/\n?$/, '\n')}`;
}
