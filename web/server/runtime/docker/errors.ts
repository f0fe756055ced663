// Docker API answers as status codes: the few the runtime treats as "already so" rather than failures.
export const statusOf = (err: unknown) => (err as { statusCode?: number }).statusCode;

/** A catch handler that swallows the given HTTP statuses (304: already in that state; 404: gone). */
export const ignore =
  (...codes: number[]) =>
  (err: unknown) => {
    if (!codes.includes(statusOf(err) ?? 0)) throw err;
  };
