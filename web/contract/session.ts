// The signed-in person as the API and the pages hand it to the browser (GET /api/me).
import { z } from "zod";

export const sessionUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  image: z.string().nullish(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;
