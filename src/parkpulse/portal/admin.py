from django.contrib import admin

from parkpulse.portal.models import Article, CallToAction, Category, Tag

admin.site.register([Article, CallToAction, Category, Tag])
