import { z } from "zod";

export const PortsListParams = z.object({});
export const ListeningPort = z.object({
  port: z.number().int().min(1).max(65535),
  /** The address it listens on inside the container: 0.0.0.0, 127.0.0.1, ::, ::1, ... */
  address: z.string().max(64),
});
export const PortsListResult = z.object({ ports: z.array(ListeningPort).max(1024) });
export type ListeningPort = z.infer<typeof ListeningPort>;
