//! Request extractors whose failures are API errors that name the field at fault.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// Query-string parameters; a repeated key fills a list (`?tag=a&tag=b`).
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_html_form::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(ApiQuery)
            .map_err(|err| field_error(err.path().to_string(), err.inner().to_string()))
    }
}

/// A JSON body (`Content-Type: application/json`).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if content_type(&req) != Some("application/json") {
            return Err(ApiError::new(
                axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::from_status(e.status()))?;
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(&mut deserializer)
            .map(ApiJson)
            .map_err(|err| {
                let inner = err.inner();
                if inner.is_data() {
                    field_error(err.path().to_string(), inner.to_string())
                } else {
                    ApiError::bad_request(format!("invalid JSON: {inner}"))
                }
            })
    }
}

/// The media type of a request, without parameters, lowercased.
pub fn content_type(req: &Request) -> Option<&'static str> {
    let value = req.headers().get(CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next()?.trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Some("application/json"),
        "application/x-ndjson" | "application/jsonl" | "application/json-lines" => {
            Some("application/x-ndjson")
        }
        _ => None,
    }
}

fn field_error(path: String, message: String) -> ApiError {
    if path.is_empty() || path == "." {
        // serde names an unknown field in its message; it has no path of its own.
        let field = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string);
        let mut error = ApiError::bad_request(message);
        error.field = field;
        return error;
    }
    let mut error = ApiError::bad_request(format!("{path}: {message}"));
    error.field = Some(path);
    error
}
