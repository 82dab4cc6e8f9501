variable "name" {
  type = string
}

variable "encrypted" {
  type = bool
}
