# One restgw region, registered through the control plane's admin API
# (PUT/GET/DELETE /admin/regions/:id) with an operator API key that has the
# regions:write scope. The provider ("restapi") is configured by the root
# module: uri = the control plane's operator URL, the key as a Bearer header.
#
# PUT creates or replaces (idempotent), so create and update are the same
# request; the id is known before creation (it is in the data), which is why
# create_path may name it. The API answers exactly what was written, so a
# refresh shows no drift.
resource "restapi_object" "region" {
  path          = "/admin/regions"
  create_path   = "/admin/regions/{id}"
  create_method = "PUT"
  update_method = "PUT"
  id_attribute  = "id"

  data = jsonencode({
    id     = var.region_id
    url    = var.url
    status = var.status
  })

  # Another id is another region: replace rather than rename.
  force_new = ["id"]
}
