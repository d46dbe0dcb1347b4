/**
 * The probe document's URL patterns: views, their decorators, DRF policy and serializers (re-exported
 * by types.ts, which holds the document itself).
 */

/** A permission class, or DRF's composition of them with `&`, `|` and `~`. */
export type PermissionRef =
  | string
  | { op: 'and' | 'or'; left: PermissionRef; right: PermissionRef }
  | { op: 'not'; operand: PermissionRef };

/** A URL parameter: a path() converter, or a regex group (name null for an unnamed group). */
export interface ProbeParam {
  name: string | null;
  /** 'int' | 'str' | 'slug' | 'uuid' | 'path' | a registered name | 'regex'. */
  converter: string;
  regex: string | null;
}

/** A cache-related decorator found in the view's wrapper chain, and where (`view`, `dispatch`, a handler). */
export type ProbeCacheDecorator =
  | { decorator: 'cache_page'; on: string; timeout: number | null; keyPrefix: string | null; cacheAlias: string | null }
  | { decorator: 'never_cache'; on: string }
  | { decorator: 'cache_control'; on: string; directives: Record<string, unknown> | null }
  | { decorator: 'vary_on_headers'; on: string; headers: string[] | null };

export interface ProbeUrlPattern {
  /** The joined pattern text: `api/^notes/(?P<pk>[^/.]+)/$`, `items/<uuid:code>/`. */
  route: string;
  /** The concrete path when the route has no parameters ("/api/notes/"); null otherwise. */
  path: string | null;
  params: ProbeParam[];
  /** With its namespaces: `v1:ping`. */
  name: string | null;
  namespace: string | null;
  /** Dotted name of the view class, or of the innermost function (an @api_view function's own name). */
  view: string;
  callable: 'class' | 'function';
  /** The class is the WrappedAPIView DRF's `@api_view` builds around a function. */
  apiViewFunction: boolean;
  /** Dotted names of the view class's MRO (without `object`); empty for function views. */
  mro: string[];
  /** A router's method → action map (`{get: 'list', post: 'create'}`). */
  actions: Record<string, string> | null;
  /** as_view()'s simple keyword arguments (a router's `basename`, `detail`, `suffix`). */
  initkwargs: Record<string, string | number | boolean | null>;
  /** Handled methods, upper case, without HEAD and OPTIONS; null for a function view that does not say. */
  methods: string[] | null;
  cache: ProbeCacheDecorator[];
  /** Decorator wrappers and tests in the chain (`django.contrib.auth.decorators.login_required.<locals>.<lambda>`). */
  wrappers: string[];
  /** Django 5.1's `login_not_required`. */
  loginNotRequired: boolean;
  drf: ProbeDrfView | null;
  /** `app_label.Model` labels a function view's own code names (its globals that are models): where its ids come from. */
  models?: string[];
  /** Query parameters the view's own code reads (`query_params.get('x')`, `GET['x']`), from its source (checks phase). */
  queryParams?: string[];
}

export interface ProbePagination {
  class: string;
  style: 'page-number' | 'limit-offset' | 'cursor' | 'other';
  pageSize?: number | null;
  maxPageSize?: number | null;
  pageQueryParam?: string | null;
  pageSizeQueryParam?: string | null;
  defaultLimit?: number | null;
  maxLimit?: number | null;
  limitQueryParam?: string | null;
  offsetQueryParam?: string | null;
  cursorQueryParam?: string | null;
  ordering?: string | string[] | null;
}

/** Which model (and table) the view reads, and how the probe learnt it. */
export interface ProbeQueryset {
  model: string;
  dbTable: string | null;
  source: 'get_queryset' | 'queryset' | 'serializer';
}

/** What the view does for one method, asked of a view set up for that method (and action). */
export interface ProbeHandler {
  method: string;
  action: string | null;
  /** From get_permissions(); null when it failed (see errors). */
  permissionClasses: PermissionRef[] | null;
  /** Key into ProbeDocument.serializers (none for DELETE, or when the view declares none). */
  serializer: string | null;
  /** How the probe found it: asked of the view, or (`data=`) the serializer a function view's code calls with data=. */
  serializerSource: 'get_serializer' | 'get_serializer_class' | 'serializer_class' | 'data=' | null;
}

export interface ProbeDrfView {
  authenticationClasses: string[];
  permissionClasses: PermissionRef[];
  throttleClasses: string[];
  rendererClasses: string[];
  parserClasses: string[];
  filterBackends: string[];
  filtersetFields: string[] | Record<string, unknown> | null;
  filtersetClass: string | null;
  searchFields: string[] | null;
  /** A list, or `__all__`. */
  orderingFields: string[] | string | null;
  ordering: string | string[] | null;
  lookupField: string | null;
  lookupUrlKwarg: string | null;
  pagination: ProbePagination | null;
  queryset: ProbeQueryset | null;
  handlers: ProbeHandler[];
}

/** The model field behind a ModelSerializer field. */
export interface ProbeModelField {
  type: string;
  unique: boolean;
  null: boolean;
  hasDefault: boolean;
  primaryKey: boolean;
  relatedModel: string | null;
  /** Its database column (`db_column`, or `<name>_id` for a foreign key). */
  column?: string | null;
}

export type ProbeChoice = string | number | boolean | null;

/** One serializer field with every constraint DRF holds (keys without a value are left out). */
export interface ProbeField {
  name: string;
  /** DRF field class name: CharField, PrimaryKeyRelatedField, ManyRelatedField, ListSerializer, … */
  field: string;
  source: string;
  required: boolean;
  readOnly: boolean;
  writeOnly: boolean;
  allowNull: boolean;
  hasDefault: boolean;
  default?: unknown;
  /** A UniqueValidator on the field. */
  unique: boolean;
  allowBlank?: boolean;
  allowEmpty?: boolean;
  maxLength?: number;
  minLength?: number;
  maxValue?: number | string;
  minValue?: number | string;
  maxDigits?: number;
  decimalPlaces?: number;
  /** UUIDField's format ('hex_verbose', …). */
  uuidFormat?: string;
  choices?: ProbeChoice[];
  choicesTruncated?: boolean;
  /** The first RegexValidator's pattern (RegexField, SlugField, a model field's validator). */
  regex?: string;
  validators: string[];
  /** The serializer defines `validate_<name>`: a rule of the service's own that no constraint above tells. */
  validateMethod?: boolean;
  modelField?: ProbeModelField | null;
  related?: { model: string | null; slugField: string | null; viewName: string | null };
  /** ManyRelatedField and ListSerializer. */
  many?: boolean;
  /** The item of a ManyRelatedField, ListField or DictField. */
  child?: ProbeField;
  /** A nested serializer's fields (null beyond depth 3). */
  children?: ProbeSerializer | null;
}

export interface ProbeSerializer {
  class: string;
  model: string | null;
  fields: ProbeField[];
  /** Fields the probe could not describe (see errors). */
  failedFields: string[];
  /** Field sets of UniqueTogetherValidators. */
  uniqueTogether: string[][];
  validators: string[];
  /** The serializer overrides `validate()`: cross-field rules of its own. */
  validate?: boolean;
}

export interface ProbeClassInfo {
  mro: string[];
  /** TokenAuthentication's header keyword. */
  keyword?: string;
  /** A project's permission class whose has_permission reads is_staff or is_superuser (checks phase). */
  readsStaff?: boolean;
}
