/**
 * The demo's production stack: only `terraform_data` (built into Terraform: no provider download, no
 * cloud account). Its `input` objects stand in for what real resources would hold. The database has no
 * `prevent_destroy` on purpose: in the incident nothing in the configuration stopped the destroy.
 */
export const DEMO_MAIN_TF = `# twokey demo: a shared production stack, made of terraform_data only.
variable "backup_days" {
  type    = set(string)
  default = ["mon", "wed", "fri"]
}

resource "terraform_data" "network" {
  input = { cidr = "10.20.0.0/16", tags = { Project = "shop", Name = "prod-network" } }
}

resource "terraform_data" "db" {
  input = {
    network                  = terraform_data.network.id
    engine                   = "postgres"
    delete_automated_backups = true
    tags                     = { Project = "shop", Name = "prod-orders-db" }
  }
}

resource "terraform_data" "db_backup" {
  for_each = var.backup_days
  input    = { source = terraform_data.db.id, day = each.key, tags = { Project = "shop" } }
}

variable "web_count" {
  type    = number
  default = 2
}

resource "terraform_data" "web" {
  count = var.web_count
  input = { network = terraform_data.network.id, db = terraform_data.db.id, tags = { Project = "shop", Name = "web-\${count.index}" } }
}
`;

/** Addresses the demo protects (as a policy's protect: list would): the database and its backups. */
export const DEMO_PROTECT = ['terraform_data.db', 'terraform_data.db_backup*'];
