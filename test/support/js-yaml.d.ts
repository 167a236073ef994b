// The one function of js-yaml (a devDependency) the tests use; the package ships no types of its own.
declare module 'js-yaml' {
  /** Parses one YAML document (YAML 1.2's core schema: `on` stays a string) into plain values. */
  export function load(text: string): unknown;
}
