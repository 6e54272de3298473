import { submissionsAction } from "#app/api/submissions.server";
import { methodNotAllowed } from "#app/api/verify-request.server";

export const loader = methodNotAllowed;

export const action = submissionsAction;
