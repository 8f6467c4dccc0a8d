"use strict";
// Swagger UI over this server's OpenAPI document, from files this server serves: no CDN, and
// no online validator (it would load a badge from elsewhere).
(() => {
  const root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.dataset.spec,
    dom_id: "#swagger-ui",
    validatorUrl: null,
    deepLinking: true,
  });
})();
