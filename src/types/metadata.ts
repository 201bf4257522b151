/** A set of key-value pairs attached to an object; both keys and values are strings. */
export type Metadata = Readonly<Record<string, string>>;
