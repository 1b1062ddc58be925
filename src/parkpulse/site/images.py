"""Uploaded images: JPEG, PNG or WebP only, a pixel cap, and re-encoded before they are stored.

Re-encoding keeps only pixels: no EXIF (GPS positions of a phone photo), no trailing bytes
(a file that is both a PNG and something else), no animation. The pixel cap is checked
from the header before anything is decoded, so a small file that decompresses to a
100-megapixel bitmap is refused without using the memory.

``SafeImageField`` (model) gives every ModelForm and the admin the checking form field;
its migrations state stays Django's ``ImageField`` (it stores the same thing).
"""

from __future__ import annotations

import io
import uuid

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils.translation import gettext
from PIL import Image, ImageOps

FORMATS = {"JPEG": (".jpg", "image/jpeg"), "PNG": (".png", "image/png"), "WEBP": (".webp", "image/webp")}


def max_pixels() -> int:
    return int(getattr(settings, "IMAGE_MAX_PIXELS", 25_000_000))


def reencode(upload) -> SimpleUploadedFile:
    """The upload checked and re-encoded in its own format; ValidationError otherwise."""
    upload.seek(0)
    try:
        with Image.open(upload) as img:
            fmt = img.format
            if fmt not in FORMATS:
                raise forms.ValidationError(gettext("图片只接受 JPG、PNG 或 WebP 格式。"), code="format")
            width, height = img.size
            if width * height > max_pixels():
                raise forms.ValidationError(
                    gettext("图片过大(%(w)s×%(h)s 像素),请缩小到 %(mp)s 百万像素以内。")
                    % {"w": width, "h": height, "mp": max_pixels() // 1_000_000},
                    code="pixels",
                )
            img.load()
            img = ImageOps.exif_transpose(img)
            if fmt == "JPEG" and img.mode not in ("RGB", "L"):
                img = img.convert("RGB")
            elif fmt != "JPEG" and img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                img = img.convert("RGBA")
            out = io.BytesIO()
            options = {"JPEG": {"quality": 88, "optimize": True}, "PNG": {"optimize": True},
                       "WEBP": {"quality": 85}}[fmt]
            img.save(out, format=fmt, **options)
    except forms.ValidationError:
        raise
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise forms.ValidationError(gettext("无法读取该图片，请上传有效的 JPG、PNG 或 WebP 文件。"), code="invalid") from None
    ext, content_type = FORMATS[fmt]
    return SimpleUploadedFile(f"{uuid.uuid4().hex}{ext}", out.getvalue(), content_type=content_type)


class SafeImageFormField(forms.ImageField):
    def to_python(self, data):
        checked = super().to_python(data)
        if checked is None:
            return None
        return reencode(checked)


class SafeImageField(models.ImageField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SafeImageFormField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs
