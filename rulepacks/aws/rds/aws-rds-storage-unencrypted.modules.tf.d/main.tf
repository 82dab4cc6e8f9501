# One local module called three times with different inputs. Every instance's
# finding points at the same line of the module file, so the annotations there
# name the instance they are about.

variable "encrypt_from_pipeline" {
  type = bool
}

module "prod" {
  source    = "./modules/database"
  name      = "orders"
  encrypted = true
}

module "legacy" {
  source    = "./modules/database"
  name      = "legacy-orders"
  encrypted = false
}

module "pipeline" {
  source    = "./modules/database"
  name      = "reports"
  encrypted = var.encrypt_from_pipeline
}
