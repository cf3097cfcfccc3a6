import "server-only";
import type * as z from "zod/mini";
import { formFailure, formValues, parseForm, type FormState } from "../shared/form-state";
import type { RequestContext } from "../shared/request-context";
import { noteOutcome } from "../server/request-scope";
import { AppError } from "../shared/problems";
import { actionContext } from "./request-context";

/**
 * A server action from its rule: the form is parsed with the schema the API uses (what
 * fails goes back to the form, field by field), then `run` gets the data and the request's
 * context, and returns the form's next state or redirects. A domain failure it throws
 * becomes the form's error; `keep` names the fields put back into the form when it is
 * rendered again without JavaScript.
 */
export function formAction<S extends z.core.$ZodType>(
  schema: S,
  run: (data: z.output<S>, ctx: RequestContext) => Promise<FormState>,
  keep: string[] = [],
): (state: FormState, formData: FormData) => Promise<FormState> {
  return async (_state, formData) => {
    const parsed = parseForm(schema, formData, keep);
    if (!parsed.ok) return parsed.state;
    try {
      return await run(parsed.data, await actionContext());
    } catch (error) {
      if (error instanceof AppError) noteOutcome(error.code);
      return formFailure(error, formValues(formData, keep));
    }
  };
}
