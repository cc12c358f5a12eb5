terraform {
  required_version = ">= 1.3.0"

  required_providers {
    # Pinned: the replay test (tools/terraform-replay) follows this version's documented semantics.
    restapi = {
      source  = "Mastercard/restapi"
      version = "2.0.1"
    }
  }
}
