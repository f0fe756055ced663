// Schema and server messages are lower-case fragments ("name is required", so "name: name is
// required" reads well in the API); shown alone beside a field they read better capitalised.
export const capitalise = <T extends string | undefined>(m: T): T =>
  (m ? m.charAt(0).toUpperCase() + m.slice(1) : m) as T;
