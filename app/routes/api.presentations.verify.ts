import type { ActionFunctionArgs } from "@remix-run/node";
import { methodNotAllowed, verifyAction } from "#app/api/verify-request.server";

export const loader = methodNotAllowed;

export const action = (args: ActionFunctionArgs) => verifyAction(args, "presentation");
