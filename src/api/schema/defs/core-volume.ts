/**
 * core/v1 Volume and the volume sources Kite supports on edge nodes (local, config and claim-backed).
 * Cloud-provider sources are left out on purpose: strict field validation then rejects them
 * with a clear "unknown field" instead of accepting volumes nothing can mount.
 */
import type { SchemaSet } from '../types.js';
import { arr, bool, gvkName, int, int64, obj, quantity, ref, str } from '../dsl.js';

const C = (kind: string) => gvkName('', 'v1', kind);

const keyToPath = obj({
  key: str('key is the key to project.'),
  path: str("path is the relative path of the file to map the key to. May not be an absolute path. May not contain the path element '..'. May not start with the string '..'."),
  mode: int('mode is Optional: mode bits used to set permissions on this file. Must be an octal value between 0000 and 0777 or a decimal value between 0 and 511.'),
}, 'Maps a string key to a path within a volume.', { required: ['key', 'path'] });

const items = (what: string) => arr(ref(C('KeyToPath')), `items: if unspecified, each key-value pair in the Data field of the referenced ${what} will be projected into the volume as a file whose name is the key and content is the value. If specified, only the listed keys are projected.`);
const defaultMode = int('defaultMode is optional: mode bits used to set permissions on created files by default. Defaults to 0644.');

const downwardFile = obj({
  path: str("Required: Path is the relative path name of the file to be created. Must not be absolute or contain the '..' path."),
  fieldRef: ref(C('ObjectFieldSelector'), 'Required: Selects a field of the pod: only annotations, labels, name, namespace and uid are supported.'),
  resourceFieldRef: ref(C('ResourceFieldSelector'), 'Selects a resource of the container: only resources limits and requests are currently supported.'),
  mode: int('Optional: mode bits used to set permissions on this file, must be an octal value between 0000 and 0777 or a decimal value between 0 and 511.'),
}, 'DownwardAPIVolumeFile represents information to create the file containing the pod field', { required: ['path'] });

export const volumeSchemas: SchemaSet = {
  [C('KeyToPath')]: keyToPath,
  [C('DownwardAPIVolumeFile')]: downwardFile,
  [C('EmptyDirVolumeSource')]: obj({
    medium: str('medium represents what type of storage medium should back this directory. The default is "" which means to use the node\'s default medium; "Memory" uses tmpfs.'),
    sizeLimit: quantity('sizeLimit is the total amount of local storage required for this EmptyDir volume. The default is nil which means that the limit is undefined.'),
  }, 'Represents an empty directory for a pod. Empty directory volumes support ownership management and SELinux relabeling.'),
  [C('HostPathVolumeSource')]: obj({
    path: str('path of the directory on the host. If the path is a symlink, it will follow the link to the real path.'),
    type: str('type for HostPath Volume: "", DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice or BlockDevice. Defaults to "".'),
  }, 'Represents a host path mapped into a pod. Host path volumes do not support ownership management or SELinux relabeling.', { required: ['path'] }),
  [C('ConfigMapVolumeSource')]: obj({
    name: str('Name of the referent.'),
    items: items('ConfigMap'),
    defaultMode,
    optional: bool('optional specify whether the ConfigMap or its keys must be defined'),
  }, "Adapts a ConfigMap into a volume: its keys become files in the volume's directory."),
  [C('SecretVolumeSource')]: obj({
    secretName: str("secretName is the name of the secret in the pod's namespace to use."),
    items: items('Secret'),
    defaultMode,
    optional: bool('optional field specify whether the Secret or its keys must be defined'),
  }, "Adapts a Secret into a volume: its keys become files in the volume's directory."),
  [C('PersistentVolumeClaimVolumeSource')]: obj({
    claimName: str('claimName is the name of a PersistentVolumeClaim in the same namespace as the pod using this volume.'),
    readOnly: bool('readOnly Will force the ReadOnly setting in VolumeMounts. Default false.'),
  }, "PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace.", { required: ['claimName'] }),
  [C('DownwardAPIVolumeSource')]: obj({
    items: arr(ref(C('DownwardAPIVolumeFile')), 'Items is a list of downward API volume file'),
    defaultMode,
  }, 'DownwardAPIVolumeSource represents a volume containing downward API info.'),
  [C('ServiceAccountTokenProjection')]: obj({
    audience: str('audience is the intended audience of the token. Defaults to the identifier of the apiserver.'),
    expirationSeconds: int64('expirationSeconds is the requested duration of validity of the service account token. Defaults to 1 hour and must be at least 10 minutes.'),
    path: str('path is the path relative to the mount point of the file to project the token into.'),
  }, 'ServiceAccountTokenProjection represents a projected service account token volume.', { required: ['path'] }),
  [C('VolumeProjection')]: obj({
    configMap: obj({ name: str('Name of the referent.'), items: items('ConfigMap'), optional: bool('optional specify whether the ConfigMap or its keys must be defined') }, 'configMap information about the configMap data to project'),
    secret: obj({ name: str('Name of the referent.'), items: items('Secret'), optional: bool('optional field specify whether the Secret or its key must be defined') }, 'secret information about the secret data to project'),
    downwardAPI: obj({ items: arr(ref(C('DownwardAPIVolumeFile')), 'Items is a list of DownwardAPIVolume file') }, 'downwardAPI information about the downwardAPI data to project'),
    serviceAccountToken: ref(C('ServiceAccountTokenProjection'), 'serviceAccountToken is information about the serviceAccountToken data to project'),
  }, 'Projection that may be projected along with other supported volume types. Exactly one of these fields must be set.'),
  [C('ProjectedVolumeSource')]: obj({
    sources: arr(ref(C('VolumeProjection')), 'sources is the list of volume projections. Each entry in this list handles one source.'),
    defaultMode,
  }, 'Represents a projected volume source'),
  [C('NFSVolumeSource')]: obj({
    server: str('server is the hostname or IP address of the NFS server.'),
    path: str('path that is exported by the NFS server.'),
    readOnly: bool('readOnly here will force the NFS export to be mounted with read-only permissions. Defaults to false.'),
  }, 'Represents an NFS mount that lasts the lifetime of a pod.', { required: ['server', 'path'] }),
  [C('LocalVolumeSource')]: obj({
    path: str('path of the full path to the volume on the node. It can be either a directory or block device (disk, partition, ...).'),
    fsType: str('fsType is the filesystem type to mount. It applies only when the Path is a block device.'),
  }, 'Local represents directly-attached storage with node affinity', { required: ['path'] }),
  [C('Volume')]: obj({
    name: str('name of the volume. Must be a DNS_LABEL and unique within the pod.'),
    emptyDir: ref(C('EmptyDirVolumeSource'), 'emptyDir represents a temporary directory that shares a pod\'s lifetime.'),
    hostPath: ref(C('HostPathVolumeSource'), 'hostPath represents a pre-existing file or directory on the host machine that is directly exposed to the container.'),
    configMap: ref(C('ConfigMapVolumeSource'), 'configMap represents a configMap that should populate this volume'),
    secret: ref(C('SecretVolumeSource'), 'secret represents a secret that should populate this volume.'),
    persistentVolumeClaim: ref(C('PersistentVolumeClaimVolumeSource'), 'persistentVolumeClaimVolumeSource represents a reference to a PersistentVolumeClaim in the same namespace.'),
    projected: ref(C('ProjectedVolumeSource'), 'projected items for all in one resources secrets, configmaps, and downward API'),
    downwardAPI: ref(C('DownwardAPIVolumeSource'), 'downwardAPI represents downward API about the pod that should populate this volume'),
    nfs: ref(C('NFSVolumeSource'), 'nfs represents an NFS mount on the host that shares a pod\'s lifetime'),
  }, 'Volume represents a named volume in a pod that may be accessed by any container in the pod.', { required: ['name'] }),
};
