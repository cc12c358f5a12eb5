variable "region_id" {
  description = "The region's id, <cloud>-<region> in lowercase letters, digits and dashes (e.g. aws-eu-central-1). Changing it replaces the region."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]+-[a-z0-9-]+$", var.region_id)) && length(var.region_id) <= 64
    error_message = "region_id must look like <cloud>-<region>: lowercase letters, digits and dashes, at most 64 characters."
  }
}

variable "url" {
  description = "The region's public gateway URL, as customers call it (e.g. https://aws-eu-central-1.restgw.example.com)."
  type        = string

  validation {
    condition     = can(regex("^https?://", var.url)) && length(var.url) <= 2048
    error_message = "url must be an absolute http(s) URL of at most 2048 characters."
  }
}

variable "status" {
  description = "active: serves traffic; draining: no new stations, existing traffic served; disabled: gateways answer 503 with Retry-After (docs/operations.md)."
  type        = string
  default     = "active"

  validation {
    condition     = contains(["active", "draining", "disabled"], var.status)
    error_message = "status must be active, draining or disabled."
  }
}
