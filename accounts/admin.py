from django.contrib import admin

from accounts.models import Invitation, ProducerMember, ProvinceOfficer


@admin.register(ProvinceOfficer)
class ProvinceOfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "province", "province_key"]
    search_fields = ["user__email", "province"]
    raw_id_fields = ["user"]


@admin.register(ProducerMember)
class ProducerMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "producer", "language", "joined_at"]
    search_fields = ["user__email", "producer__name"]
    raw_id_fields = ["user", "producer", "invitation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "producer", "invited_by", "created_at", "expires_at", "used_at"]
    search_fields = ["email", "producer__name"]
    raw_id_fields = ["producer", "invited_by", "used_by"]
    readonly_fields = ["used_at", "used_by"]
