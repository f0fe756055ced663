// The per-user rate limits of the routes that cost money or capacity, sized by configuration.
import { config } from "../config";
import { rateLimit } from "./rate-limit";

export const limitChat = (userId: string) =>
  rateLimit("chat", userId, { perMinute: config().KALPANA_RATE_CHAT_PER_MIN }, "chat messages");

export const limitCreate = (userId: string) =>
  rateLimit("create", userId, { perMinute: config().KALPANA_RATE_CREATE_PER_MIN }, "new workspaces");

export const limitKeyTest = (userId: string) =>
  rateLimit("key-test", userId, { perMinute: config().KALPANA_RATE_KEY_TEST_PER_MIN }, "key tests");
