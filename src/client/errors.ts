/** The API's error type, so that callers can print failures the way kubectl does. */
export { ApiError, formatFieldError, isApiError, type FieldError, type StatusReason } from "../core/api/errors.js";
