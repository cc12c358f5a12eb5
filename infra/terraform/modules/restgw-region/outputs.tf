output "id" {
  description = "The region's id."
  value       = restapi_object.region.id
}

output "url" {
  description = "The region's gateway URL, as the control plane holds it."
  value       = restapi_object.region.api_data["url"]
}

output "status" {
  description = "The region's status, as the control plane holds it."
  value       = restapi_object.region.api_data["status"]
}
