/**
 * The document the in-container Django probe prints (one `ENID-PROBE {json}` line). Dotted names are
 * `module.QualName`. Django settings keep Django's own names; everything the probe derives is camelCase.
 * A section the probe could not read is null, with the reason in `errors`.
 */

import type { PermissionRef, ProbeClassInfo, ProbeSerializer, ProbeUrlPattern } from './url-types.js';

export type * from './url-types.js';

/** Version of the document's shape; the probe and this module change it together. */
export const PROBE_VERSION = 1;

export interface ProbeDocument {
  probe: number;
  versions: ProbeVersions | null;
  settings: ProbeSettings | null;
  /** Effective REST framework settings (`api_settings`: defaults merged); null when DRF is absent. */
  restFramework: ProbeRestFramework | null;
  auth: ProbeAuth | null;
  migrations: ProbeMigrations | null;
  /** Every URL pattern, in resolver order (includes flattened). */
  urls: ProbeUrlPattern[];
  /** Serializers by key (the class's dotted name; `#2`, `#3` when one class comes out differently per action). */
  serializers: Record<string, ProbeSerializer>;
  /** MROs of the permission, authentication and pagination classes named anywhere in the document. */
  classes: Record<string, ProbeClassInfo>;
  /** What failed, section by section and view by view; everything else was still reported. */
  errors: ProbeError[];
}

/** One caught failure: where, and the exception's class and first line. */
export interface ProbeError {
  /** 'versions' | 'settings' | 'restFramework' | 'auth' | 'migrations' | 'urls' | 'serializers' | 'output'. */
  section: string;
  /** View dotted name or route, serializer dotted name, or null for a whole section. */
  view: string | null;
  message: string;
}

export interface ProbeVersions {
  python: string;
  django: string;
  drf: string | null;
}

export interface ProbeDatabase {
  ENGINE: string | null;
  NAME: string | null;
  HOST: string | null;
  PORT: string | number | null;
  USER: string | null;
}

export interface ProbeCache {
  BACKEND: string | null;
  /** A password in a URL is replaced by `***`. */
  LOCATION: string | string[] | null;
}

/** Django settings as the running project has them (never PASSWORD or SECRET_KEY). */
export interface ProbeSettings {
  DEBUG: boolean | null;
  ALLOWED_HOSTS: string[] | null;
  INSTALLED_APPS: string[] | null;
  MIDDLEWARE: string[] | null;
  ROOT_URLCONF: string | null;
  TEST_RUNNER: string | null;
  SESSION_ENGINE: string | null;
  AUTH_USER_MODEL: string | null;
  APPEND_SLASH: boolean | null;
  STATIC_URL: string | null;
  MEDIA_URL: string | null;
  USE_TZ: boolean | null;
  TIME_ZONE: string | null;
  DEFAULT_AUTO_FIELD: string | null;
  /** Plain HTTP is redirected to HTTPS (SecurityMiddleware). */
  SECURE_SSL_REDIRECT?: boolean | null;
  /** `[META key, value]` that marks a request as HTTPS behind a TLS-terminating proxy. */
  SECURE_PROXY_SSL_HEADER?: string[] | null;
  DATABASES: Record<string, ProbeDatabase>;
  CACHES: Record<string, ProbeCache>;
}

export interface ProbeRestFramework {
  DEFAULT_AUTHENTICATION_CLASSES: string[];
  DEFAULT_PERMISSION_CLASSES: PermissionRef[];
  DEFAULT_THROTTLE_CLASSES: string[];
  DEFAULT_FILTER_BACKENDS: string[];
  DEFAULT_RENDERER_CLASSES: string[];
  DEFAULT_PARSER_CLASSES: string[];
  DEFAULT_PAGINATION_CLASS: string | null;
  DEFAULT_SCHEMA_CLASS: string | null;
  DEFAULT_VERSIONING_CLASS: string | null;
  PAGE_SIZE: number | null;
  DEFAULT_THROTTLE_RATES: Record<string, string | null> | null;
  /** The URL kwarg of format suffix patterns (`format`). */
  FORMAT_SUFFIX_KWARG: string | null;
}

/** One of the user model's identifying fields; null when the model has no such field. */
export interface ProbeUserField {
  /** Django's internal type: CharField, EmailField, … */
  type: string;
  maxLength: number | null;
  unique: boolean;
  null: boolean;
  blank: boolean;
}

export interface ProbeAuth {
  /** `app_label.ModelName` of AUTH_USER_MODEL. */
  userModel: string;
  dbTable: string;
  usernameField: string;
  emailField: string;
  requiredFields: string[];
  /** USERNAME_FIELD, EMAIL_FIELD and REQUIRED_FIELDS by name. */
  fields: Record<string, ProbeUserField | null>;
  authtoken: { installed: boolean; importable: boolean };
  simplejwt: {
    installed: boolean;
    importable: boolean;
    /** Authorization header keywords (`Bearer`). */
    authHeaderTypes: string[] | null;
    authHeaderName: string | null;
    userIdField: string | null;
    accessTokenLifetimeSeconds: number | null;
  };
}

/** A model change without a migration, as `makemigrations --check --dry-run` would find it. */
export interface ProbeModelChange {
  app: string;
  /** Operation class: AddField, AlterField, CreateModel, … */
  operation: string;
  model: string | null;
  field: string | null;
  description: string;
}

/** Each part is null when it could not be read (an unreachable database is an error entry). */
export interface ProbeMigrations {
  /** Migrations not applied to the default database, in plan order. */
  unapplied: { app: string; name: string }[] | null;
  /** Apps with more than one leaf migration. */
  conflicts: Record<string, string[]> | null;
  changes: ProbeModelChange[] | null;
}
