/**
 * apiextensions.k8s.io/v1 schemas: CustomResourceDefinition. Upstream's JSONSchemaProps is recursive;
 * Kite keeps everything below `openAPIV3Schema` as preserve-unknown-fields and checks CR schemas when
 * it compiles them, not when it decodes the CRD.
 */
import { anyObj, arr, bool, gvkName, int, listMap, obj, objectMetaRef, ref, str, time } from '../dsl.js';
import type { SchemaSet } from '../types.js';

const G = 'apiextensions.k8s.io';
const n = (k: string) => gvkName(G, 'v1', k);
const strings = (d: string) => arr(str(), d);

const names = obj({
  plural: str('plural is the plural name of the resource to serve; it must match the name of the CustomResourceDefinition.'),
  singular: str('singular is the singular name of the resource. Defaults to lowercased `kind`.'),
  shortNames: strings('shortNames are short names for the resource, exposed in API discovery documents.'),
  kind: str('kind is the serialized kind of the resource. It is normally CamelCase and singular.'),
  listKind: str('listKind is the serialized kind of the list for this resource. Defaults to "`kind`List".'),
  categories: strings('categories is a list of grouped resources this custom resource belongs to (e.g. \'all\').'),
}, 'CustomResourceDefinitionNames indicates the names to serve this CustomResourceDefinition', { required: ['plural', 'kind'] });

const version = obj({
  name: str('name is the version name, e.g. “v1”, “v2beta1”, etc.'),
  served: bool('served is a flag enabling/disabling this version from being served via REST APIs'),
  storage: bool('storage indicates this version should be used when persisting custom resources to storage. There must be exactly one version with storage=true.'),
  deprecated: bool('deprecated indicates this version of the custom resource API is deprecated.'),
  deprecationWarning: str('deprecationWarning overrides the default warning returned to API clients.'),
  schema: obj({
    openAPIV3Schema: anyObj('openAPIV3Schema is the OpenAPI v3 schema to use for validation and pruning.'),
  }, 'schema describes the schema used for validation, pruning, and defaulting of this version of the custom resource.'),
  subresources: obj({
    status: obj({}, 'status indicates the custom resource should serve a `/status` subresource.'),
    scale: obj({
      specReplicasPath: str('specReplicasPath defines the JSON path inside of a custom resource that corresponds to Scale `spec.replicas`.'),
      statusReplicasPath: str('statusReplicasPath defines the JSON path inside of a custom resource that corresponds to Scale `status.replicas`.'),
      labelSelectorPath: str('labelSelectorPath defines the JSON path inside of a custom resource that corresponds to Scale `status.selector`.'),
    }, 'scale indicates the custom resource should serve a `/scale` subresource.', { required: ['specReplicasPath', 'statusReplicasPath'] }),
  }, 'subresources specify what subresources this version of the defined custom resource have.'),
  additionalPrinterColumns: arr(obj({
    name: str('name is a human readable name for the column.'),
    type: str('type is an OpenAPI type definition for this column.'),
    format: str('format is an optional OpenAPI type definition for this column.'),
    description: str('description is a human readable description of this column.'),
    priority: int('priority is an integer defining the relative importance of this column compared to others.'),
    jsonPath: str('jsonPath is a simple JSON path which is evaluated against each custom resource to produce the value for this column.'),
  }, undefined, { required: ['name', 'type', 'jsonPath'] }), 'additionalPrinterColumns specifies additional columns returned in Table output.'),
  selectableFields: arr(obj({ jsonPath: str('jsonPath is a simple JSON path which is evaluated against each custom resource to produce a field selector value.') },
    undefined, { required: ['jsonPath'] }), 'selectableFields specifies paths to fields that may be used as field selectors.'),
}, 'CustomResourceDefinitionVersion describes a version for CRD.', { required: ['name', 'served', 'storage'] });

const conversion = obj({
  strategy: str('strategy specifies how custom resources are converted between versions: None (default) or Webhook.'),
  webhook: obj({
    clientConfig: obj({
      url: str('url gives the location of the webhook, in standard URL form (`scheme://host:port/path`).'),
      service: obj({
        namespace: str('namespace is the namespace of the service.'), name: str('name is the name of the service.'),
        path: str('path is an optional URL path at which the webhook will be contacted.'), port: int('port is an optional service port. Defaults to 443.'),
      }, 'service is a reference to the service for this webhook.', { required: ['namespace', 'name'] }),
      caBundle: str('caBundle is a PEM encoded CA bundle which will be used to validate the webhook\'s server certificate.', { format: 'byte' }),
    }, 'clientConfig is the instructions for how to call the webhook if strategy is `Webhook`.'),
    conversionReviewVersions: strings('conversionReviewVersions is an ordered list of preferred `ConversionReview` versions the Webhook expects.'),
  }, 'webhook describes how to call the conversion webhook. Required when `strategy` is set to `"Webhook"`.', { required: ['conversionReviewVersions'] }),
}, 'CustomResourceConversion describes how to convert different versions of a CR.', { required: ['strategy'] });

export const apiextensionsSchemas: SchemaSet = {
  [n('CustomResourceDefinition')]: obj({
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    kind: str('Kind is a string value representing the REST resource this object represents.'),
    metadata: objectMetaRef(),
    spec: ref(n('CustomResourceDefinitionSpec'), 'spec describes how the user wants the resources to appear'),
    status: ref(n('CustomResourceDefinitionStatus'), 'status indicates the actual state of the CustomResourceDefinition'),
  }, 'CustomResourceDefinition represents a resource that should be exposed on the API server. Its name MUST be in the format <.spec.name>.<.spec.group>.', {
    required: ['spec'],
    'x-kubernetes-group-version-kind': [{ group: G, version: 'v1', kind: 'CustomResourceDefinition' }],
  }),
  [n('CustomResourceDefinitionSpec')]: obj({
    group: str('group is the API group of the defined custom resource. Must match the name of the CustomResourceDefinition (in the form `<names.plural>.<group>`).'),
    names,
    scope: str('scope indicates whether the defined custom resource is cluster- or namespace-scoped: `Cluster` or `Namespaced`.'),
    versions: arr(version, 'versions is the list of all API versions of the defined custom resource.'),
    conversion,
    preserveUnknownFields: bool('preserveUnknownFields indicates that object fields which are not specified in the OpenAPI schema should be preserved when persisting to storage.'),
  }, 'CustomResourceDefinitionSpec describes how a user wants their resource to appear', { required: ['group', 'names', 'scope', 'versions'] }),
  [n('CustomResourceDefinitionStatus')]: obj({
    conditions: listMap(obj({
      type: str('type is the type of the condition: Established, NamesAccepted or Terminating.'),
      status: str('status is the status of the condition. Can be True, False, Unknown.'),
      lastTransitionTime: time('lastTransitionTime last time the condition transitioned from one status to another.'),
      reason: str('reason is a unique, one-word, CamelCase reason for the condition\'s last transition.'),
      message: str('message is a human-readable message indicating details about last transition.'),
    }, undefined, { required: ['type', 'status'] }), 'type', 'conditions indicate state for particular aspects of a CustomResourceDefinition'),
    acceptedNames: { ...names, description: 'acceptedNames are the names that are actually being used to serve discovery.' },
    storedVersions: strings('storedVersions lists all versions of CustomResources that were ever persisted.'),
  }, 'CustomResourceDefinitionStatus indicates the state of the CustomResourceDefinition'),
};
