# Two restgw regions side by side, registered with one operator API key:
#
#   npm run cli -- api-key create --name terraform --scopes regions:write   # prints the key once
#   export TF_VAR_restgw_api_key=rgw_op_...
#   terraform init && terraform apply -var restgw_admin_url=https://ops.restgw.example.com
#
# Import an existing region: terraform import module.eu.restapi_object.region /admin/regions/aws-eu-central-1

terraform {
  required_version = ">= 1.3.0"

  required_providers {
    restapi = {
      source  = "Mastercard/restapi"
      version = "2.0.1"
    }
  }
}

variable "restgw_admin_url" {
  description = "The control plane's operator listener (where /admin is served), e.g. https://ops.restgw.example.com"
  type        = string
}

variable "restgw_api_key" {
  description = "An operator API key (rgw_op_...) with the regions:write scope."
  type        = string
  sensitive   = true
}

variable "us_status" {
  description = "Status of the second region (active, draining, disabled)."
  type        = string
  default     = "active"
}

provider "restapi" {
  uri                  = var.restgw_admin_url
  write_returns_object = true

  headers = {
    Authorization  = "Bearer ${var.restgw_api_key}"
    "Content-Type" = "application/json"
  }
}

module "eu" {
  source    = "../../modules/restgw-region"
  region_id = "aws-eu-central-1"
  url       = "https://aws-eu-central-1.restgw.example.com"
}

module "us" {
  source    = "../../modules/restgw-region"
  region_id = "aws-us-east-1"
  url       = "https://aws-us-east-1.restgw.example.com"
  status    = var.us_status
}

output "regions" {
  description = "Region id to gateway URL."
  value = {
    (module.eu.id) = module.eu.url
    (module.us.id) = module.us.url
  }
}
