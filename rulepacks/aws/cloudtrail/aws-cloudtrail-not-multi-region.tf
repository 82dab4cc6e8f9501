variable "all_regions" {
  type    = bool
  default = false
}

variable "all_regions_from_pipeline" {
  type = bool
}

resource "aws_s3_bucket" "trail" {
  bucket = "acme-trail"
}

# expect: aws-cloudtrail-not-multi-region
resource "aws_cloudtrail" "home_region_only" {
  name           = "home-region"
  s3_bucket_name = aws_s3_bucket.trail.id
}

resource "aws_cloudtrail" "off_through_variable_default" {
  name           = "variable"
  s3_bucket_name = aws_s3_bucket.trail.id
  # expect: aws-cloudtrail-not-multi-region
  is_multi_region_trail = var.all_regions
}

resource "aws_cloudtrail" "from_unset_variable" {
  name           = "pipeline"
  s3_bucket_name = aws_s3_bucket.trail.id
  # expect-unknown: aws-cloudtrail-not-multi-region
  is_multi_region_trail = var.all_regions_from_pipeline
}

# ok: aws-cloudtrail-not-multi-region
resource "aws_cloudtrail" "all_regions" {
  name                  = "all-regions"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
}
