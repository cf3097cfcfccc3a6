import * as z from "zod/mini";

/**
 * zod's `.meta()`, which zod/mini leaves out: a copy of `schema` registered with `data`
 * (on top of what the original has) where the OpenAPI document reads descriptions from.
 */
export function meta<T extends z.ZodMiniType>(schema: T, data: z.core.GlobalMeta): T {
  const copy = schema.clone();
  z.globalRegistry.add(copy, data);
  return copy;
}
