/** How one request parameter is checked and normalised. */
export type ParamSpec =
  | { readonly kind: 'string'; readonly max?: number; readonly enum?: readonly string[]; readonly emptyUnsets?: boolean }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'integer'; readonly min?: number }
  | { readonly kind: 'string_array'; readonly enum?: readonly string[]; readonly emptyUnsets?: boolean }
  | { readonly kind: 'integer_array' }
  | { readonly kind: 'metadata'; readonly emptyUnsets: boolean }
  | { readonly kind: 'created_filter' }
  | {
      readonly kind: 'hash';
      readonly fields: ParamSpecs;
      readonly required?: readonly string[];
      readonly emptyUnsets?: boolean;
      /** Accept keys not listed in `fields` without checking them. */
      readonly open?: boolean;
    };

/** The parameters an operation takes, by name. */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;
