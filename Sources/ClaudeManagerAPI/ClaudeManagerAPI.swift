/// Types, server stubs and a client generated from the root `openapi.yaml` by the OpenAPI generator plugin.
enum ClaudeManagerAPI {}
