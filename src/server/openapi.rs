//! The OpenAPI 3 description of the API, generated from the handlers' and the engine's own types
//! (utoipa), so it cannot drift from the code.

use axum::response::IntoResponse;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::routes;

/// The API document.
#[derive(OpenApi)]
#[openapi(
    info(title = "Fihris", description = "Full-text search for Arabic news archives"),
    paths(
        routes::health,
        routes::search_get,
        routes::search_post,
        routes::articles_post,
        routes::article_get,
        routes::article_delete,
        routes::tags,
        routes::tags_report,
        routes::analyze,
        routes::stats,
    ),
    modifiers(&BearerKey)
)]
pub struct ApiDoc;

struct BearerKey;

impl Modify for BearerKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// `GET /api/openapi.json`.
pub async fn serve_json() -> impl IntoResponse {
    axum::Json(ApiDoc::openapi())
}
