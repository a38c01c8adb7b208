export type {
  KObject, ObjectMeta, OwnerReference, ManagedFieldsEntry, KList, ListMeta, Status, StatusCause, FieldError, WatchEvent,
} from './meta.js';
