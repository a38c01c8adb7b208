/**
 * rbac.authorization.k8s.io/v1, authentication.k8s.io/v1, authorization.k8s.io/v1
 * and certificates.k8s.io/v1 messages. Field numbers: upstream
 * `staging/src/k8s.io/api/<group>/v1/generated.proto`; options as in `meta.ts`.
 * Upstream names two BoundObjectReference fields `aPIVersion`/`uID`; the JSON
 * names are used here.
 */
export const accessProtos: readonly string[] = [`
package rbac;
message Role { optional meta.ObjectMeta metadata = 1; repeated PolicyRule rules = 2; }
message ClusterRole { optional meta.ObjectMeta metadata = 1; repeated PolicyRule rules = 2; optional AggregationRule aggregationRule = 3; }
message AggregationRule { repeated meta.LabelSelector clusterRoleSelectors = 1; }
message PolicyRule {
  repeated string verbs = 1; repeated string apiGroups = 2; repeated string resources = 3;
  repeated string resourceNames = 4; repeated string nonResourceURLs = 5;
}
message RoleBinding { optional meta.ObjectMeta metadata = 1; repeated Subject subjects = 2; optional RoleRef roleRef = 3; }
message ClusterRoleBinding { optional meta.ObjectMeta metadata = 1; repeated Subject subjects = 2; optional RoleRef roleRef = 3; }
message RoleRef { optional string apiGroup = 1 [(keep)=true]; optional string kind = 2; optional string name = 3; }
message Subject { optional string kind = 1; optional string apiGroup = 2; optional string name = 3; optional string namespace = 4; }
`, `
package authentication;
message TokenRequest { optional meta.ObjectMeta metadata = 1; optional TokenRequestSpec spec = 2; optional TokenRequestStatus status = 3; }
message TokenRequestSpec {
  repeated string audiences = 1; optional BoundObjectReference boundObjectRef = 3;
  optional int64 expirationSeconds = 4 [(keep)=true];
}
message BoundObjectReference { optional string kind = 1; optional string apiVersion = 2; optional string name = 3; optional string uid = 4; }
message TokenRequestStatus { optional string token = 1; optional meta.Time expirationTimestamp = 2; }
message TokenReview { optional meta.ObjectMeta metadata = 1; optional TokenReviewSpec spec = 2; optional TokenReviewStatus status = 3; }
message TokenReviewSpec { optional string token = 1; repeated string audiences = 2; }
message TokenReviewStatus {
  optional bool authenticated = 1; optional UserInfo user = 2; optional string error = 3; repeated string audiences = 4;
}
message SelfSubjectReview { optional meta.ObjectMeta metadata = 1; optional SelfSubjectReviewStatus status = 2; }
message SelfSubjectReviewStatus { optional UserInfo userInfo = 1; }
message UserInfo { optional string username = 1; optional string uid = 2; repeated string groups = 3; map<string, ExtraValue> extra = 4; }
message ExtraValue { repeated string items = 1; }
`, `
package authorization;
message SelfSubjectAccessReview {
  optional meta.ObjectMeta metadata = 1; optional SelfSubjectAccessReviewSpec spec = 2; optional SubjectAccessReviewStatus status = 3;
}
message SelfSubjectAccessReviewSpec { optional ResourceAttributes resourceAttributes = 1; optional NonResourceAttributes nonResourceAttributes = 2; }
message SubjectAccessReview {
  optional meta.ObjectMeta metadata = 1; optional SubjectAccessReviewSpec spec = 2; optional SubjectAccessReviewStatus status = 3;
}
message SubjectAccessReviewSpec {
  optional ResourceAttributes resourceAttributes = 1; optional NonResourceAttributes nonResourceAttributes = 2;
  optional string user = 3; repeated string groups = 4; map<string, ExtraValue> extra = 5; optional string uid = 6;
}
message ExtraValue { repeated string items = 1; }
message ResourceAttributes {
  optional string namespace = 1; optional string verb = 2; optional string group = 3; optional string version = 4;
  optional string resource = 5; optional string subresource = 6; optional string name = 7;
  optional FieldSelectorAttributes fieldSelector = 8; optional LabelSelectorAttributes labelSelector = 9;
}
message FieldSelectorAttributes { optional string rawSelector = 1; repeated FieldSelectorRequirement requirements = 2; }
message FieldSelectorRequirement { optional string key = 1; optional string operator = 2; repeated string values = 3; }
message LabelSelectorAttributes { optional string rawSelector = 1; repeated meta.LabelSelectorRequirement requirements = 2; }
message NonResourceAttributes { optional string path = 1; optional string verb = 2; }
message SubjectAccessReviewStatus {
  optional bool allowed = 1 [(keep)=true]; optional string reason = 2; optional string evaluationError = 3; optional bool denied = 4;
}
message SelfSubjectRulesReview { optional meta.ObjectMeta metadata = 1; optional SelfSubjectRulesReviewSpec spec = 2; }
message SelfSubjectRulesReviewSpec { optional string namespace = 1; }
`, `
package certificates;
message CertificateSigningRequest {
  optional meta.ObjectMeta metadata = 1; optional CertificateSigningRequestSpec spec = 2; optional CertificateSigningRequestStatus status = 3;
}
message CertificateSigningRequestSpec {
  optional bytes request = 1; optional string username = 2; optional string uid = 3; repeated string groups = 4;
  repeated string usages = 5; map<string, ExtraValue> extra = 6; optional string signerName = 7; optional int32 expirationSeconds = 8;
}
message ExtraValue { repeated string items = 1; }
message CertificateSigningRequestStatus { repeated CertificateSigningRequestCondition conditions = 1; optional bytes certificate = 2; }
message CertificateSigningRequestCondition {
  optional string type = 1; optional string reason = 2; optional string message = 3; optional meta.Time lastUpdateTime = 4;
  optional meta.Time lastTransitionTime = 5; optional string status = 6;
}
`];
